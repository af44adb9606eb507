import { api } from '@chanjiao/contracts';
import { useQuery } from '@tanstack/react-query';
import { request } from '../../api/request';
import { registerScreenMap } from './ScreenChart';

export const chongqingMap = 'chongqing';

interface GeoFeature {
  id?: string;
  properties: { name: string; cp?: [number, number] };
}
interface GeoCollection {
  features: GeoFeature[];
}

/**
 * The map's features predate two renamings (GB/T 2260 codes changed with them): 梁平县 500228 is
 * now 梁平区 500155, 武隆县 500232 is now 武隆区 500156. The features get today's names and codes
 * so they match `organizations.district_code` and the district reference.
 */
const renamed: Record<string, { code: string; name: string }> = {
  '500228': { code: '500155', name: '梁平区' },
  '500232': { code: '500156', name: '武隆区' },
};

/** District code → the name the map's features carry (today's names). */
export type DistrictNames = ReadonlyMap<string, string>;

async function loadMap(): Promise<DistrictNames> {
  // The 38 districts' boundaries (data/SOURCES.md), served by the server and fetched only by the big
  // screen, so the 48 kB stay out of every other page's bundle.
  const geo = (await request(api.refDistrictMap)) as GeoCollection;
  const names = new Map<string, string>();
  for (const f of geo.features) {
    const fix = f.id ? renamed[f.id] : undefined;
    if (fix) {
      f.id = fix.code;
      f.properties.name = fix.name;
    }
    if (f.id) names.set(f.id, f.properties.name);
  }
  registerScreenMap(chongqingMap, geo);
  return names;
}

/** Loads and registers the Chongqing district map once per page load; gives code → name. */
export function useChongqingMap() {
  return useQuery({ queryKey: ['cockpit', 'chongqing-map'], queryFn: loadMap, staleTime: Number.POSITIVE_INFINITY });
}
