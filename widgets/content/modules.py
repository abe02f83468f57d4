"""The module content kinds, registered with the catalog. Add a line here for a new kind."""

from .catalog import register_kind  # noqa: E402
from . import scenarios  # noqa: E402

register_kind("scenarios", scenarios.load, scenarios.cross_check)
from . import geo  # noqa: E402

register_kind("geo", geo.load, geo.cross_check)
from . import lessons, redflags  # noqa: E402

register_kind("lessons", lessons.load, lessons.cross_check)
register_kind("redflags", redflags.load, redflags.cross_check)
from . import quiz  # noqa: E402

register_kind("quiz", quiz.load, quiz.cross_check)
from . import plan, printables  # noqa: E402

register_kind("printables", printables.load, printables.cross_check)
register_kind("plan", plan.load, plan.cross_check)
