"""Request and response rules that hold for every view (docs/security.md).

- `PermissionsPolicyMiddleware`: every response says the pages use no powerful browser
  feature (camera, microphone, geolocation, payment, …): `Permissions-Policy`.
- `RefuseNulMiddleware`: a NUL character in the path or in a GET or POST parameter (its name or
  a value, raw or sent as %00) is answered 400 before any view runs. No identifier, filter
  value or form field of the site holds one, and PostgreSQL refuses NUL in text, so without
  this a lookup of the path or of a filter value would answer 500.
"""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

NUL = "\x00"
# Paths whose every answer is JSON (the API): their 400 has the API's error shape.
JSON_PREFIXES = ("/api/",)


class PermissionsPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


def parameters_with_nul(request):
    """The names of the request's GET and POST parameters (and uploaded files) whose name or
    one of whose values holds a NUL; "path" first when the path holds one."""
    found = ["path"] if NUL in request.path_info or NUL in request.path else []
    for parameters in (request.GET, request.POST):
        for name, values in parameters.lists():
            if NUL in name or any(NUL in value for value in values):
                found.append(name)
    for name, files in request.FILES.lists():
        if NUL in name or any(NUL in (upload.name or "") for upload in files):
            found.append(name)
    return found


class RefuseNulMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        found = parameters_with_nul(request)
        if not found:
            return self.get_response(request)
        message = _("Null characters are not allowed.")
        if request.path_info.startswith(JSON_PREFIXES):
            detail = message if found == ["path"] else _("Invalid query parameters.")
            return JsonResponse(
                {"detail": detail, "errors": {name: [message] for name in found}}, status=400
            )
        return render(request, "400.html", {"reason": message}, status=400)
