// Hash routes, so that the server's SPA fallback is never needed and every view has a link:
//   #/  #/article/ID?span=S-E  #/entities  #/entity/ID  #/story/(timeline|figures|meetings|claims)
//   #/search?q=…  #/add
export interface Route { path: string[]; query: URLSearchParams }

export function currentRoute(): Route {
  const raw = location.hash.replace(/^#\/?/, '');
  const [p, q = ''] = raw.split('?', 2);
  const path = p.split('/').filter(Boolean).map((s) => { try { return decodeURIComponent(s); } catch { return s; } });
  return { path, query: new URLSearchParams(q) };
}
