// Only the parts of ECharts the dashboards draw (line, bar and map charts, and points on the map's geo component, on
// canvas), so the chunk stays small.
// Canvas, not SVG: the SVG renderer writes style attributes, which the Content-Security-Policy (style-src 'self') refuses.
import { BarChart, LineChart, MapChart, ScatterChart } from 'echarts/charts';
import { GeoComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import districts from 'virtual:kp-districts';

echarts.use([BarChart, LineChart, MapChart, ScatterChart, GeoComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

/** The name the district map is registered under. */
export const DISTRICT_MAP = 'kp-districts';
echarts.registerMap(DISTRICT_MAP, districts as unknown as Parameters<typeof echarts.registerMap>[1]);

/** Area ids of the districts on the map (`province.division.district`). */
export const MAP_DISTRICTS: ReadonlySet<string> = new Set(districts.features.map((f) => String(f.properties.areaId)));

export { echarts };
export type { EChartsCoreOption } from 'echarts/core';
