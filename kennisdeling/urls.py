"""The knowledge-sharing app's pages: the training offer, the knowledge base, consultation.
Each part keeps its own URL module; they share one namespace (`kennisdeling:`)."""

from . import knowledge_urls, meeting_urls, training_urls

app_name = "kennisdeling"

urlpatterns = [
    *training_urls.urlpatterns,
    *knowledge_urls.urlpatterns,
    *meeting_urls.urlpatterns,
]
