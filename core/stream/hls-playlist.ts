import { type StreamState, type TimelinePiece, timelinePieces } from './stream-state';

/**
 * What the playlist lists: the pieces published so far from the start, stopping at the first one still missing
 * (none before the init segment is there); `complete` once that is all of them.
 */
export function listedPieces(state: StreamState): { listed: TimelinePiece[]; complete: boolean } {
  const pieces = timelinePieces(state);
  if (!state.hasInit) return { listed: [], complete: false };
  const missing = pieces.findIndex((piece) => !piece.published);
  const listed = missing < 0 ? pieces : pieces.slice(0, missing);
  return { listed, complete: pieces.length > 0 && missing < 0 };
}

/**
 * The HLS playlist of a render's stream (fMP4 pieces): an EVENT playlist that lists the pieces published so far from
 * the start, stopping at the first one still missing, and ends with EXT-X-ENDLIST once all are there. It only ever
 * grows, whichever worker publishes which piece and in what order.
 */
export function hlsPlaylist(state: StreamState, uri: { init: string; piece: (name: string) => string }): string {
  const pieces = timelinePieces(state);
  const fps = state.plan?.fps ?? 30;
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:7',
    '#EXT-X-PLAYLIST-TYPE:EVENT',
    `#EXT-X-TARGETDURATION:${Math.max(1, ...pieces.map((piece) => Math.round(piece.frames / fps)))}`,
    '#EXT-X-MEDIA-SEQUENCE:0',
    '#EXT-X-INDEPENDENT-SEGMENTS',
    // Players may ask for the next piece (`_HLS_msn`) and get the playlist as soon as it is there, not a second late.
    '#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES',
  ];
  if (!state.hasInit) return `${lines.join('\n')}\n`;
  lines.push(`#EXT-X-MAP:URI="${uri.init}"`);
  const { listed, complete } = listedPieces(state);
  for (const piece of listed) lines.push(`#EXTINF:${(piece.frames / fps).toFixed(6)},`, uri.piece(piece.name));
  if (complete) lines.push('#EXT-X-ENDLIST');
  return `${lines.join('\n')}\n`;
}
