import { defineConfig } from "vite";

// The built files go to web/dist; `writ serve --web web/dist` serves them ("/" is index.html,
// /assets/* are the hashed bundles).
export default defineConfig({
  base: "/",
  build: { outDir: "dist", assetsDir: "assets", emptyOutDir: true, sourcemap: false },
});
