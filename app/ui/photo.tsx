/** Where a stored photo variant is served (the /photos route): `${hash}-${width}.webp`. */
export const PHOTO_VARIANT_WIDTHS = [320, 640, 1280] as const;

export function photoUrl(hash: string, width: (typeof PHOTO_VARIANT_WIDTHS)[number]): string {
  return `/photos/${hash}-${width}.webp`;
}

/**
 * A listing photo that picks its width by the screen: a 360 px phone loads the
 * 320 or 640 variant, a laptop the 1280 one. Lazy unless it is the first thing
 * on the page.
 */
export function ResponsivePhoto({
  hash,
  width,
  height,
  alt,
  eager = false,
}: {
  hash: string;
  width: number;
  height: number;
  alt: string;
  eager?: boolean;
}) {
  return (
    <img
      src={photoUrl(hash, 640)}
      srcSet={PHOTO_VARIANT_WIDTHS.map((w) => `${photoUrl(hash, w)} ${w}w`).join(", ")}
      sizes="(min-width: 42rem) 40rem, 100vw"
      width={width}
      height={height}
      alt={alt}
      loading={eager ? "eager" : "lazy"}
      decoding="async"
    />
  );
}
