from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.shortcuts import redirect, render
from django.utils import timezone
from machina.apps.forum import views as machina_views
from machina.apps.forum.models import Forum
from machina.apps.forum.visibility import ForumVisibilityContentTree
from machina.apps.forum_conversation import views as conversation_views

from forum.forms import CheckedAttachmentFormset, NotificationPreferenceForm, QuarterForm, TopicForm
from forum.models import NotificationPreference, TopicAnswer
from forum.permissions import can_see_answer_report


class IndexView(machina_views.IndexView):
    """The forum index in a fixed number of queries, however many forums there are.

    machina's index follows each forum's last post to its topic one query at a time (docs/decisions.md); here
    the whole tree comes in one query with those relations joined, grouped by category for the page.
    """

    def get_queryset(self):
        forums = Forum.objects.select_related("last_post__topic__forum", "last_post__poster")
        return ForumVisibilityContentTree.from_forums(
            self.request.forum_permission_handler.forum_list_filter(forums, self.request.user)
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        sections, loose = [], []
        for node in context["forums"].top_nodes:
            if node.obj.is_category:
                sections.append((node.obj, [child for child in node.children if not child.obj.is_category]))
            else:
                loose.append(node)
        if loose:
            sections.append((None, loose))
        context["sections"] = sections
        return context


class ForumView(machina_views.ForumView):
    """A forum's topics with their first message joined: the list shows the date and author of that
    message, the same as on the topic page (the topic's own `created` is another field, which nothing
    keeps equal to it)."""

    def get_queryset(self):
        return super().get_queryset().select_related("first_post", "first_post__poster")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        prefetch_related_objects(context["announces"], "first_post__poster")
        return context


class PostFormMixin:
    """Attachments pass the file catalogue's upload checks (see forum/forms.py), and a message is saved
    in one transaction with its attachments, poll, search text and e-mails: machina's views save each
    in its own, so a worker stopped halfway left a post without its notifications."""

    attachment_formset_class = CheckedAttachmentFormset

    def form_valid(self, *args, **kwargs):
        with transaction.atomic():
            return super().form_valid(*args, **kwargs)


class TopicCreateView(PostFormMixin, conversation_views.TopicCreateView):
    post_form_class = TopicForm


class TopicUpdateView(PostFormMixin, conversation_views.TopicUpdateView):
    post_form_class = TopicForm


class PostCreateView(PostFormMixin, conversation_views.PostCreateView):
    pass


class PostUpdateView(PostFormMixin, conversation_views.PostUpdateView):
    pass


def preferences(request):
    preference = NotificationPreference.objects.filter(user=request.user).first()
    form = NotificationPreferenceForm(
        request.POST or None, instance=preference or NotificationPreference(user=request.user)
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Vos préférences de notification sont enregistrées.")
        return redirect("forum_ext:preferences")
    return render(request, "forum_ext/preferences.html", {"form": form})


def answer_report(request):
    if not can_see_answer_report(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    form = QuarterForm(request.GET or {"year": today.year, "quarter": (today.month - 1) // 3 + 1})
    rows = TopicAnswer.objects.quarter_report(**form.cleaned_data) if form.is_valid() else []
    return render(
        request,
        "forum_ext/answer_report.html",
        {"form": form, "rows": rows, "limit": settings.FORUM_ANSWER_DELAY_HOURS},
    )
