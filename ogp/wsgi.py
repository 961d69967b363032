import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ogp.settings")
application = get_wsgi_application()

# Everything loaded so far (modules, settings, models, admin registrations) lives as long as the
# process: keep it out of the garbage collector's full passes, which otherwise walk it again and
# again (a full pass of an API worker went from about 70 to 18 ms; docs/benchmarks.md).
gc.freeze()
