// The SelfCommunity endpoints a status body refers to: medias (POST /api/v2/media/ by a logged user, GET by any
// logged user, DELETE by the creator) and the tags a user may address a contribution to
// (GET /api/v2/user/tag/tags_to_address_a_contribution/, authentication required, a plain list of Tags).

import type { Reply } from '../http.js';
import { byId, DrfError, forbidden, parseBody, requireUser, type ScRequest } from './drf.js';
import { mediaObject, validateMedia } from './medias.js';
import { addressingTags } from './tags.js';

export function createMedia(req: ScRequest): Reply {
  const user = requireUser(req);
  const result = validateMedia(parseBody(req.incoming), (id) => req.ctx.statuses.get(id) !== undefined);
  if ('errors' in result) throw new DrfError(400, result.errors);
  return { status: 201, headers: {}, body: mediaObject(req.ctx.medias.create(user.id, result.value)) };
}

export function getMedia(req: ScRequest, id: string): Reply {
  requireUser(req);
  return { status: 200, headers: {}, body: mediaObject(byId(id, (n) => req.ctx.medias.get(n))) };
}

export function deleteMedia(req: ScRequest, id: string): Reply {
  const user = requireUser(req);
  const media = byId(id, (n) => req.ctx.medias.get(n));
  if (media.ownerId !== user.id) throw forbidden();
  req.ctx.medias.delete(media.id);
  return { status: 204, headers: {} };
}

export function listAddressingTags(req: ScRequest): Reply {
  requireUser(req);
  return { status: 200, headers: {}, body: addressingTags() };
}
