"""Settings of the qcluster worker in the copy cluster test: the test settings plus a slow backend."""

from tests.settings import *  # noqa: F401,F403
from tests.settings import MARKETING_AI

MARKETING_AI = {
    **MARKETING_AI,
    "TEXT_BACKENDS": {
        "template": "marketing_ai.textgen.template.TemplateBackend",
        "slow": "tests.copy.inventive.SlowTemplateBackend",
    },
}
