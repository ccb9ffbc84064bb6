// The portal is served by `seatshift serve` from dist/ (its --web-root); hashed file names under
// assets/ let the server cache them for a year.
import { defineConfig } from "vite";

export default defineConfig({
  build: { outDir: "dist", emptyOutDir: true, assetsDir: "assets", sourcemap: false },
  server: { proxy: { "/v1": "http://127.0.0.1:8080", "/openapi.json": "http://127.0.0.1:8080" } },
});
