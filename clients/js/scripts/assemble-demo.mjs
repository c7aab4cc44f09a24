// Lays out the demo as the gateway serves it, in <out>/huddle-demo: index.html at its root, the app
// under app/, the client's ES modules under dist/ (the app imports ../dist/index.js), and files.txt,
// the list of what may be served. Run after `npm run build`.
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const out = process.argv[2];
if (!out) {
  console.error("usage: node scripts/assemble-demo.mjs <output folder>");
  process.exit(2);
}
const target = join(resolve(out), "huddle-demo");
const sources = [
  [join(root, "app/index.html"), "index.html"],
  [join(root, "app/app.css"), "app/app.css"],
  [join(root, "build/www/app/app.js"), "app/app.js"],
  ...readdirSync(join(root, "dist"))
    .filter((f) => f.endsWith(".js"))
    .map((f) => [join(root, "dist", f), `dist/${f}`]),
];
for (const [from] of sources) {
  if (!existsSync(from)) {
    console.error(`${from} is missing: run npm run build first`);
    process.exit(1);
  }
}
rmSync(target, { recursive: true, force: true });
for (const [from, to] of sources) {
  mkdirSync(dirname(join(target, to)), { recursive: true });
  copyFileSync(from, join(target, to));
}
writeFileSync(join(target, "files.txt"), sources.map(([, to]) => to).join("\n") + "\n");
console.log(`demo: ${sources.length} files in ${target}`);
