import {
  type CSSVariablesResolver,
  createTheme,
  defaultVariantColorsResolver,
  parseThemeColor,
  type VariantColorsResolver,
} from '@mantine/core';

// Mantine's light variants put shade-6 text on a 10 % tint, which misses WCAG AA (4.5:1)
// for several colours. Darker text keeps badges, nav links and alert titles readable.
const DARK_TEXT_COLORS = new Set(['indigo', 'blue', 'red', 'grape', 'violet', 'cyan', 'gray', 'dark']);

const variantColorResolver: VariantColorsResolver = (input) => {
  const colors = defaultVariantColorsResolver(input);
  if (input.variant !== 'light') return colors;
  const parsed = parseThemeColor({ color: input.color ?? input.theme.primaryColor, theme: input.theme });
  if (!parsed.isThemeColor) return colors;
  return {
    ...colors,
    color: DARK_TEXT_COLORS.has(parsed.color)
      ? `var(--mantine-color-${parsed.color}-9)`
      : 'var(--mantine-color-black)',
  };
};

export const theme = createTheme({
  primaryColor: 'indigo',
  // Shade 8 on white is 5.7:1; the default shade 6 is only about 4:1.
  primaryShade: { light: 8, dark: 6 },
  defaultRadius: 'md',
  fontFamily:
    'Inter, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif',
  headings: { fontWeight: '650' },
  focusRing: 'auto',
  cursorType: 'pointer',
  variantColorResolver,
});

// Dimmed and placeholder text defaults (gray 6 / gray 5) are below 4.5:1 on white.
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-6)',
    // A field's error text and the invalid input's text (red 6 is 3.3:1 on white): red 9 is 5.5:1.
    '--mantine-color-error': 'var(--mantine-color-red-9)',
  },
  dark: {},
});
