// npx tsx tools/make-music-bed.ts: writes assets/music/bed.m4a, the music bed under every video. It is synthesised
// here from nothing but arithmetic (no samples, no recordings), so reelpipe owns it outright and ships it under CC0
// (assets/music/LICENSE.md). Deterministic: the same script always writes the same track.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ffmpeg } from '../render/ffmpeg';

const RATE = 48_000;
const BPM = 96;
const BEAT = 60 / BPM;
const BARS = 16;
const SECONDS = BARS * 4 * BEAT;
const OUT = fileURLToPath(new URL('../assets/music/bed.m4a', import.meta.url));

// I – V – vi – IV in C major, as MIDI notes: a warm, neutral loop that suits a welcome and a trip alike.
const CHORDS = [
  [48, 55, 60, 64, 67],
  [43, 55, 59, 62, 67],
  [45, 57, 60, 64, 69],
  [41, 53, 57, 60, 65],
];
const hz = (note: number) => 440 * 2 ** ((note - 69) / 12);

const frames = Math.round(SECONDS * RATE);
const left = new Float64Array(frames);
const right = new Float64Array(frames);
const add = (start: number, length: number, pan: number, voice: (t: number) => number) => {
  const from = Math.round(start * RATE);
  const to = Math.min(frames, from + Math.round(length * RATE));
  for (let i = from; i < to; i++) {
    const sample = voice((i - from) / RATE);
    left[i]! += sample * (1 - pan);
    right[i]! += sample * (1 + pan);
  }
};

for (let bar = 0; bar < BARS; bar++) {
  const chord = CHORDS[bar % CHORDS.length]!;
  const start = bar * 4 * BEAT;
  const length = 4 * BEAT;
  // Pad: two slightly detuned sines per note, slow attack and release, so bar changes breathe rather than click.
  for (const [index, note] of chord.slice(1).entries()) {
    const f = hz(note);
    const pan = (index - 1.5) * 0.25;
    add(start, length + 0.6, pan, (t) => {
      const envelope = Math.min(1, t / 0.8) * Math.min(1, Math.max(0, (length + 0.6 - t) / 0.9));
      return 0.035 * envelope * (Math.sin(2 * Math.PI * f * t) + 0.6 * Math.sin(2 * Math.PI * f * 1.003 * t + 1));
    });
  }
  // Bass: the root on beats one and three.
  for (const beat of [0, 2]) {
    const f = hz(chord[0]!);
    add(start + beat * BEAT, 2 * BEAT, 0, (t) => 0.09 * Math.exp(-t * 1.6) * Math.sin(2 * Math.PI * f * t));
  }
  // Pluck: an eighth-note arpeggio, up then down, panned gently from side to side.
  const pattern = [1, 2, 3, 4, 3, 2, 1, 2];
  for (let step = 0; step < 8; step++) {
    const f = hz(chord[pattern[step]!]! + 12);
    const pan = Math.sin(step * 0.8) * 0.5;
    add(start + step * (BEAT / 2), BEAT * 1.5, pan, (t) => {
      const tone = Math.sin(2 * Math.PI * f * t) + 0.3 * Math.sin(4 * Math.PI * f * t);
      return 0.045 * Math.exp(-t * 5) * Math.min(1, t / 0.004) * tone;
    });
  }
  // Soft kick on every beat after the first bar, a low sine sweep.
  if (bar > 0) {
    for (let beat = 0; beat < 4; beat++) {
      add(
        start + beat * BEAT,
        0.3,
        0,
        (t) => 0.12 * Math.exp(-t * 14) * Math.sin(2 * Math.PI * (48 + 80 * Math.exp(-t * 30)) * t),
      );
    }
  }
}

// 16-bit PCM WAV, then AAC at the loudness of a background bed.
const pcm = Buffer.alloc(frames * 4);
for (let i = 0; i < frames; i++) {
  pcm.writeInt16LE(Math.round(Math.max(-1, Math.min(1, left[i]!)) * 32767), i * 4);
  pcm.writeInt16LE(Math.round(Math.max(-1, Math.min(1, right[i]!)) * 32767), i * 4 + 2);
}
const header = Buffer.alloc(44);
header.write('RIFF', 0);
header.writeUInt32LE(36 + pcm.length, 4);
header.write('WAVEfmt ', 8);
header.writeUInt32LE(16, 16);
header.writeUInt16LE(1, 20);
header.writeUInt16LE(2, 22);
header.writeUInt32LE(RATE, 24);
header.writeUInt32LE(RATE * 4, 28);
header.writeUInt16LE(4, 32);
header.writeUInt16LE(16, 34);
header.write('data', 36);
header.writeUInt32LE(pcm.length, 40);
const work = mkdtempSync(join(tmpdir(), 'reelpipe-music-'));
try {
  const wav = join(work, 'bed.wav');
  writeFileSync(wav, Buffer.concat([header, pcm]));
  await ffmpeg([
    '-i',
    wav,
    '-af',
    'loudnorm=I=-20:TP=-2:LRA=7',
    '-ar',
    '48000',
    '-c:a',
    'aac',
    '-b:a',
    '160k',
    '-f',
    'mp4',
    OUT,
  ]);
  console.log(`${OUT}: ${SECONDS.toFixed(1)} s`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
