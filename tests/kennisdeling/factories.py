"""Knowledge-base test data, made through the services as the office would."""

from kennisdeling import knowledge_services
from kennisdeling.knowledge_services import ArticleInput
from kennisdeling.models import Article


def article(*, actor, title="Een visie schrijven", body="Zo schrijf je een visie.",
            kind=Article.Kind.ARTICLE, status=Article.Status.PUBLISHED, codes=(),
            summary="", category=None, tags=(), file=None) -> Article:
    return knowledge_services.article_create(actor=actor, data=ArticleInput(
        kind=kind, title=title, body=body, owner=actor, summary=summary, category=category,
        tag_names=list(tags), status=status, requirement_codes=list(codes), file=file,
    ))


def edit(art: Article, *, actor, **changes) -> Article:
    values = {
        "kind": art.kind, "title": art.title, "body": art.body, "owner": art.owner,
        "summary": art.summary, "category": art.category,
        "tag_names": [tag.name for tag in art.tags.all()], "status": art.status,
        "requirement_codes": list(art.requirement_links.values_list(
            "requirement_code", flat=True)),
    }
    values.update(changes)
    return knowledge_services.article_update(actor=actor, article=art,
                                             data=ArticleInput(**values))
