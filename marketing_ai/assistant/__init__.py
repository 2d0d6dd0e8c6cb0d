"""The shop assistant: an intent router on sentence embeddings, skills that answer from the shop's own
data (catalog, the shopper's own orders, FAQ), and hand-off to staff.

    from marketing_ai.assistant import conversation
    thread = conversation.open_thread(user=request.user)
    reply = conversation.post_message(thread, "where is my order?", user=request.user)
"""
