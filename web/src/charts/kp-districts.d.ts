declare module 'virtual:kp-districts' {
  /** The districts of Khyber Pakhtunkhwa (GeoJSON, `properties.areaId` = `province.division.district`), thinned for drawing. */
  const districts: import('./simplify.js').FeatureCollection;
  export default districts;
}
