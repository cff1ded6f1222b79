/** The title bar's trail: each screen on the stack named by what it shows. */
import { formatImageName } from '../registry/ref/index.js';
import type { Route } from '../store/index.js';

/** The label of one route. */
export function routeLabel(route: Route): string {
  switch (route.screen) {
    case 'registries':
      return 'registries';
    case 'repositories':
      return route.registry;
    case 'tags':
      return route.image.transport === 'docker' ? route.image.ref.repository : formatImageName(route.image);
    case 'image':
      return route.image.transport === 'docker'
        ? (route.image.ref.tag ?? route.image.ref.digest?.slice(0, 19) ?? 'image')
        : formatImageName(route.image);
    case 'layer-files':
      return route.layer ? `files ${route.layer.slice(7, 19)}` : 'files';
    case 'copy':
      return route.images ? `copy ${route.images.length}` : 'copy';
    case 'jobs':
      return 'jobs';
  }
}

/** The labels of a stack. */
export function crumbsOf(stack: readonly Route[]): string[] {
  return stack.map(routeLabel);
}
