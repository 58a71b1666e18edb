import { AbsoluteFill, useCurrentFrame } from 'remotion';
import { push } from '../../shared/cut-motion';
import { FitText } from '../../shared/fit-text';
import { BODY_FONT, HEADLINE_FONT } from '../../shared/theme';
import { AnchorLogo, Backdrop, COLORS, Eyebrow } from '../brand';
import { WELCOME_COPY } from '../copy';
import { PRODUCTS } from '../products';
import type { WelcomeProps } from '../schema';

export const PRODUCT_FRAMES = 78;

/** The product picked for the contact's industry: the same for every contact in that industry and language. */
export const ProductScene: React.FC<Pick<WelcomeProps, 'industry' | 'locale'>> = ({ industry, locale }) => {
  const frame = useCurrentFrame();
  const copy = WELCOME_COPY[locale];
  const product = PRODUCTS[industry];
  return (
    <AbsoluteFill>
      <Backdrop />
      <AnchorLogo />
      <Eyebrow
        text={copy.recommended}
        style={{ position: 'absolute', left: 120, top: 168, ...push(frame, PRODUCT_FRAMES, { lead: 3 }) }}
      />
      <div
        style={{
          position: 'absolute',
          left: 120,
          top: 222,
          width: 1040,
          height: 300,
          padding: 44,
          boxSizing: 'border-box',
          display: 'flex',
          alignItems: 'center',
          gap: 48,
          borderRadius: 32,
          background: 'rgba(255,255,255,0.08)',
          border: '1.5px solid rgba(255,255,255,0.16)',
          ...push(frame, PRODUCT_FRAMES, { delay: 3, distance: 200 }),
        }}
      >
        <div
          style={{
            width: 200,
            height: 200,
            flexShrink: 0,
            borderRadius: 44,
            background: `linear-gradient(135deg, ${COLORS.violet}, ${COLORS.teal})`,
            display: 'flex',
            alignItems: 'center',
            justifyContent: 'center',
            fontFamily: BODY_FONT,
            fontSize: 104,
          }}
        >
          {product.icon}
        </div>
        <div style={{ ...push(frame, PRODUCT_FRAMES, { delay: 7, distance: 80, leave: false }) }}>
          <span
            style={{
              padding: '8px 18px',
              borderRadius: 999,
              background: 'rgba(0,194,168,0.18)',
              fontFamily: BODY_FONT,
              fontWeight: 600,
              fontSize: 22,
              color: COLORS.teal,
            }}
          >
            {copy.industries[industry]}
          </span>
          <FitText
            text={`Lumora ${product.name}`}
            width={660}
            maxFontSize={60}
            fontFamily={HEADLINE_FONT}
            fontWeight={800}
            style={{ marginTop: 24, color: COLORS.text }}
          />
          <div
            style={{
              marginTop: 12,
              width: 660,
              fontFamily: BODY_FONT,
              fontSize: 26,
              lineHeight: 1.4,
              color: COLORS.muted,
            }}
          >
            {copy.productLine}
          </div>
        </div>
      </div>
    </AbsoluteFill>
  );
};
