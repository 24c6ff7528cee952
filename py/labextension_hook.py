"""Hatchling build hook for the root pyproject.toml: refuse to build the
jupyterlite-heavyai wheel or sdist without the prebuilt extension.

The JupyterLab extension template runs npm through hatch-jupyter-builder here;
that plugin is not available on the machines this project builds on (see
docs/decisions.md), so the JavaScript build stays a separate step and this hook
only checks its output, as hatch-jupyter-builder's ``ensured-targets`` would.
"""

import os

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

# What a built extension must hold: JupyterLab reads package.json's jupyterlab._build;
# the service worker is the file a deployer copies to the site's root.
REQUIRED = ("labextension/package.json", "labextension/service-worker.js")


class LabextensionCheck(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version, build_data):
        missing = [path for path in REQUIRED if not os.path.isfile(os.path.join(self.root, path))]
        if missing:
            raise RuntimeError(
                "the prebuilt extension is missing (%s): run `npm ci && npm run build:labextension` "
                "in %s first" % (", ".join(missing), self.root))
