import { AbsoluteFill } from 'remotion';

/** The video with a play button on top; captured at the poster frame, it makes an email thumbnail read as a video. */
export const WithPlayButton: React.FC<{ children: React.ReactNode }> = ({ children }) => (
  <AbsoluteFill>
    {children}
    <AbsoluteFill style={{ background: 'rgba(0,0,0,0.18)', alignItems: 'center', justifyContent: 'center' }}>
      <svg width={168} height={168} viewBox="0 0 168 168" style={{ filter: 'drop-shadow(0 10px 30px rgba(0,0,0,0.35))' }}>
        <circle cx={84} cy={84} r={80} fill="rgba(255,255,255,0.94)" />
        <path d="M68 52 L118 84 L68 116 Z" fill="#111827" />
      </svg>
    </AbsoluteFill>
  </AbsoluteFill>
);
