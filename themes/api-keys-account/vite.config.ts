import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

// Keycloak serves the theme's resources/ folder and finds the entry script through .vite/manifest.json there.
// Maven passes its output directory; a plain `npm run build` writes to the same place inside target/.
const resourcesDir =
  process.env.THEME_RESOURCES_DIR ??
  fileURLToPath(new URL("../../target/classes/theme/api-keys/account/resources", import.meta.url));

export default defineConfig({
  // Relative base: the theme is served under /resources/<version>/account/api-keys/, which changes per release.
  base: "",
  esbuild: { jsx: "automatic" },
  resolve: {
    alias: {
      // The package's exports map hides its stylesheet; the built-in pages need it.
      "account-ui-styles": fileURLToPath(
        new URL("node_modules/@keycloak/keycloak-account-ui/lib/keycloak-account-ui.css", import.meta.url),
      ),
    },
  },
  build: {
    outDir: resourcesDir,
    emptyOutDir: true,
    manifest: true,
    target: "es2022",
    chunkSizeWarningLimit: 2500,
    rollupOptions: {
      input: "src/main.tsx",
      onwarn(warning, warn) {
        // react-router marks its modules "use client" for server components; meaningless in a browser bundle.
        if (warning.code !== "MODULE_LEVEL_DIRECTIVE") {
          warn(warning);
        }
      },
    },
  },
});
