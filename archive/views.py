from django.contrib.admin.views.decorators import staff_member_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView

from .models import Article
from .related import related_articles


class ArticleView(DetailView):
    queryset = Article.objects.with_related()
    template_name = "archive/article_detail.html"

    def get(self, request, *args, **kwargs):
        self.object = self.get_object()
        if self.object.slug != kwargs["slug"]:
            return redirect(self.object, permanent=True)
        return self.render_to_response(
            self.get_context_data(object=self.object, related=related_articles(self.object))
        )


def article_redirect(request, pk):
    """Send /articles/<id>/ to the article's canonical URL."""
    return redirect(get_object_or_404(Article, pk=pk), permanent=True)


@staff_member_required
def original_download(request, pk):
    """Return the original file as it was imported: as a download, or as plain text to view.

    Never served as HTML from our origin: an imported page could carry scripts.
    """
    article = get_object_or_404(Article, pk=pk)
    if not article.original:
        raise Http404("This article was restored from an export without its original.")
    as_text = request.GET.get("view") == "text"
    response = FileResponse(
        article.original.open("rb"),
        as_attachment=not as_text,
        filename=article.download_name,
        content_type="text/plain; charset=utf-8" if as_text else "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
