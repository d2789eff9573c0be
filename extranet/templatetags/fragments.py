"""`{% cachedfragment "name" "topic other-topic" value… %}…{% endcachedfragment %}`: the block rendered
once per version of its topics and per values (extranet/fragments.py says what to put in them)."""

from django import template
from django.utils.safestring import mark_safe

from extranet import fragments

register = template.Library()


class CachedFragmentNode(template.Node):
    def __init__(self, nodelist, name, topics, vary):
        self.nodelist, self.name, self.topics, self.vary = nodelist, name, topics, vary

    def render(self, context):
        topics = self.topics.resolve(context).split()
        vary = [value.resolve(context) for value in self.vary]
        # The block's rendered text was auto-escaped when it was rendered, cached or not.
        return mark_safe(
            fragments.cached(self.name.resolve(context), topics, vary, lambda: self.nodelist.render(context))
        )


@register.tag
def cachedfragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError(f"{bits[0]} takes a name, topics and values: {token.contents}")
    nodelist = parser.parse(("endcachedfragment",))
    parser.delete_first_token()
    name, topics, *vary = (parser.compile_filter(bit) for bit in bits[1:])
    return CachedFragmentNode(nodelist, name, topics, vary)
