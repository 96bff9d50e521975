/**
 * The work areas' offline pieces (issue 20, decision "offline work areas"),
 * built after `remix vite:build` into build/client:
 *   sw.js                          the service worker (Workbox routing and strategies, bundled)
 *   offline-<hash>.js              the work areas' one script (the queue); its name in offline.json
 *   manifests/<area>.<lang>.webmanifest  a web app manifest per work area and language
 *   icons/work-192.png, work-512.png     the manifests' icons, drawn from public/favicon.svg
 */
import fs from "node:fs";
import path from "node:path";
import { build } from "esbuild";
import sharp from "sharp";
import { LANGUAGES } from "../app/i18n/config";

const OUT = path.join("build", "client");
const AREAS = { seller: "/seller/orders", coordinator: "/coordinator", operator: "/operator" } as const;

const common = { bundle: true, minify: true, target: "es2020", legalComments: "none", define: { "process.env.NODE_ENV": '"production"' } } as const;

await build({ ...common, entryPoints: ["app/offline/sw.ts"], outfile: path.join(OUT, "sw.js"), format: "iife" });

const script = await build({
  ...common,
  entryPoints: { offline: "app/offline/work-area.ts" },
  outdir: OUT,
  entryNames: "[name]-[hash]",
  format: "esm",
  metafile: true,
});
const scriptFile = Object.keys(script.metafile.outputs).find((file) => file.endsWith(".js"));
if (!scriptFile) throw new Error("The offline script was not built");

// The parcel-code forms' camera button (decision 0031): its own small script; the QR decoder is a
// chunk of its own, fetched only when the button is pressed on a browser without BarcodeDetector.
fs.rmSync(path.join(OUT, "camera"), { recursive: true, force: true });
const camera = await build({
  ...common,
  entryPoints: { camera: "app/offline/camera-scan.ts" },
  outdir: path.join(OUT, "camera"),
  entryNames: "[name]-[hash]",
  chunkNames: "[name]-[hash]",
  splitting: true,
  format: "esm",
  metafile: true,
});
const cameraFile = Object.entries(camera.metafile.outputs).find(([, output]) => output.entryPoint)?.[0];
if (!cameraFile) throw new Error("The camera script was not built");

fs.writeFileSync(path.join(OUT, "offline.json"), JSON.stringify({ script: `/${path.basename(scriptFile)}`, camera: `/camera/${path.basename(cameraFile)}` }));
for (const file of fs.readdirSync(OUT)) {
  if (/^offline-[\w-]+\.js$/.test(file) && file !== path.basename(scriptFile)) fs.rmSync(path.join(OUT, file));
}

fs.mkdirSync(path.join(OUT, "icons"), { recursive: true });
const svg = fs.readFileSync(path.join("public", "favicon.svg"));
for (const size of [192, 512]) {
  await sharp(svg, { density: 72 * (size / 32) })
    .resize(size, size)
    .flatten({ background: "#ffffff" })
    .png()
    .toFile(path.join(OUT, "icons", `work-${size}.png`));
}

fs.mkdirSync(path.join(OUT, "manifests"), { recursive: true });
for (const language of LANGUAGES) {
  const words = JSON.parse(fs.readFileSync(path.join("locales", language, "offline.json"), "utf8")) as {
    manifest: Record<keyof typeof AREAS, { name: string; short: string }> & { description: string };
  };
  for (const [area, start] of Object.entries(AREAS) as [keyof typeof AREAS, string][]) {
    const manifest = {
      name: words.manifest[area].name,
      short_name: words.manifest[area].short,
      description: words.manifest.description,
      lang: language,
      start_url: start,
      scope: `/${area}`,
      display: "standalone",
      background_color: "#ffffff",
      theme_color: "#1f6f43",
      icons: [192, 512].map((size) => ({ src: `/icons/work-${size}.png`, sizes: `${size}x${size}`, type: "image/png", purpose: "any" })),
    };
    fs.writeFileSync(path.join(OUT, "manifests", `${area}.${language}.webmanifest`), JSON.stringify(manifest, null, 2));
  }
}
console.log(`Offline work areas: sw.js, /${path.basename(scriptFile)}, /camera/${path.basename(cameraFile)}, ${LANGUAGES.length * Object.keys(AREAS).length} manifests`);
