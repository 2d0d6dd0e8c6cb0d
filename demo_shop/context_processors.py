def shop(request):
    return {}
