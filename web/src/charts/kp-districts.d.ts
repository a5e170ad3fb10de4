declare module 'virtual:kp-districts' {
  /** The districts of Khyber Pakhtunkhwa (GeoJSON, `properties.areaId` = `province.division.district`), thinned for drawing. */
  const districts: { type: 'FeatureCollection'; features: { type: 'Feature'; properties: { areaId: string; nameEn: string }; geometry: unknown }[] };
  export default districts;
}
