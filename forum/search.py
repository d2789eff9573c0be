"""Forum posts in the site-wide search (see `extranet.search`): approved posts of approved topics, in
the forums the person may read. machina's own search is not used (docs/decisions.md)."""

from extranet.markup import excerpt
from extranet.registry import SearchHit
from extranet.search.models import HitList
from forum.links import topic_path
from forum.models import PostSearchText
from forum.permissions import readable_forum_ids

EXCERPT_WORDS = 30


def search_posts(request, query: str) -> HitList:
    entries = PostSearchText.objects.filter(
        post__approved=True,
        post__topic__approved=True,
        post__topic__forum_id__in=readable_forum_ids(request.user),
    ).select_related("post__topic__forum", "post__poster")
    # Newest first among equal ranks, by the post's key rather than its date: the ranking then needs
    # no join to the posts (`HitList`).
    entries = entries.order_by("-post_id")

    def to_hit(entry: PostSearchText) -> SearchHit:
        post = entry.post
        return SearchHit(
            title=post.subject,
            url=f"{topic_path(post.topic)}?post={post.pk}#{post.pk}",
            excerpt=excerpt(post.content.rendered, EXCERPT_WORDS),
            kind=f"{post.topic.forum.name}, {post.created:%d/%m/%Y}",
            rank=entry.search_rank,
        )

    return HitList(entries, query, to_hit)
