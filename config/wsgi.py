import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_application = get_wsgi_application()

# Results day's rereads of a student's results are answered before the middleware (config/results_lane.py).
from config.results_lane import ResultsLane  # noqa: E402 -- it imports models: Django is set up first

application = ResultsLane(django_application)
