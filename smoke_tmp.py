import os, re, sys, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
django.setup()
from django.test import Client
from django.contrib.auth import get_user_model
c = Client(HTTP_HOST="127.0.0.1"); c.force_login(get_user_model().objects.get(username="projectleider"))
html = c.get(sys.argv[1]).content.decode()
main = html[html.index("<main"):html.index("</main>")]
print(re.sub(r"\n\s*\n+", "\n", main)[:int(sys.argv[2]) if len(sys.argv) > 2 else 6000])
