from django.apps import AppConfig


class ForumExtConfig(AppConfig):
    """Our side of the forum: machina's app is labelled `forum`, ours `forum_ext`."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "forum"
    label = "forum_ext"
    verbose_name = "Forum (réseau)"

    def ready(self):
        from auditlog.registry import auditlog
        from machina.apps.forum.models import Forum
        from machina.apps.forum_conversation.models import Topic
        from machina.apps.forum_permission.models import GroupForumPermission, UserForumPermission

        from extranet import fragments, registry
        from extranet.enums import Role
        from extranet.models import User
        from forum import panels, receivers, search  # noqa: F401  (receivers connect on import)
        from forum.models import NetworkForum, NotificationPreference, PartnerForum, TopicAnswer
        from forum.permissions import RIGHTS_TOPIC, can_see_answer_report

        # Who reads which forum (`permissions.readable_forum_ids`): machina's grants and the people's
        # groups, which follow their memberships and role (`sync_user_groups`); the forums' tree, in
        # forum/receivers.py (machina saves a forum at every post). machina's list of permissions
        # (`ForumPermission`, written by its post_migrate) grants nothing by itself.
        fragments.watch(RIGHTS_TOPIC, UserForumPermission, GroupForumPermission, User.groups.through)
        for model in (NetworkForum, PartnerForum, TopicAnswer, NotificationPreference):
            auditlog.register(model)
        # What the home panels show: the questions awaiting an answer, their topic and forum.
        fragments.watch("forum", TopicAnswer, Topic, Forum)

        registry.register_nav(registry.NavEntry("Forum", "forum:index", order=40))
        # The CCI moderates forums, topics and messages; machina's permission rows, read tracking,
        # member profiles, attachments and (disabled) polls are its engine's bookkeeping.
        registry.register_admin_section(
            registry.AdminSection(
                "Forum",
                ("forum_ext", "forum.Forum", "forum_conversation.Topic", "forum_conversation.Post"),
                order=40,
            )
        )
        registry.register_admin_section(
            registry.AdminSection(
                "Moteur du forum (technique)",
                ("forum_permission", "forum_tracking", "forum_member", "forum_attachments", "forum_polls"),
                order=90,
                technical=True,
            )
        )
        # A referent's first task: the questions waiting for their answer come before any other panel.
        registry.register_home_panel(
            registry.HomePanel(
                "forum_ext/panels/awaiting_answers.html",
                panels.awaiting_answers,
                order=0,
                topics=("forum", "annuaire"),  # the questions, the partners the referent answers for
                vary=panels.vary,
            )
        )
        registry.register_home_panel(
            registry.HomePanel(
                "forum_ext/panels/my_questions.html",
                panels.my_open_questions,
                order=6,
                topics=("forum", "annuaire"),
                vary=panels.vary,
            )
        )
        registry.register_search_source(registry.SearchSource("Forum", search.search_posts, order=30))
        registry.register_home_link(
            registry.HomeLink(
                "Délais de réponse des partenaires",
                "forum_ext:answer_report",
                visible=can_see_answer_report,
                description="Les questions du forum et le temps mis par chaque partenaire à y répondre.",
                order=20,
            )
        )
        registry.register_email_setting(
            registry.EmailSetting.from_field(
                NotificationPreference,
                "new_topics",
                name="forum_new_topics",
                order=10,
                visible=lambda user: user.role == Role.REFERENT,
            )
        )
        registry.register_email_setting(
            registry.EmailSetting.from_field(
                NotificationPreference, "replies", name="forum_replies", order=11
            )
        )
