from django.http import FileResponse, Http404
from django.views.decorators.http import require_GET

from klushuis.uploads.held import held_upload_get_for_view


@require_GET
def held(request, token):
    """A held upload, only to the user who uploaded it (404 to anyone else), never cached."""
    held = held_upload_get_for_view(token=token, user=request.user)
    if held is None:
        raise Http404
    response = FileResponse(
        held.file.open("rb"), content_type=held.content_type, filename=held.original_name
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
