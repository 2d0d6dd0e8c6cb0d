"""Skills answer routed messages. Each is ``skill(turn) -> Reply``; a store intent may name one of these."""

from marketing_ai.assistant.skills import catalog, conversation_skills, faq, orders, recommend

SKILLS = {
    "greeting": conversation_skills.greeting,
    "thanks": conversation_skills.thanks,
    "catalog": catalog.search,
    "product_question": catalog.question,
    "compare": catalog.compare,
    "recommend": recommend.recommend,
    "order_status": orders.order_status,
    "faq": faq.faq,
    "handoff": conversation_skills.handoff,
    "store_reply": conversation_skills.store_reply,
}


def skill_for(route):
    """The callable for a route; an unknown skill name falls back to the store intent's fixed reply."""
    return SKILLS.get(route.skill, conversation_skills.store_reply)
