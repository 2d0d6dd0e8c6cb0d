from rest_framework.pagination import PageNumberPagination

from marketing_ai.conf import app_settings


class MarketingAIPagination(PageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request):
        self.page_size = app_settings.API_PAGE_SIZE
        return super().get_page_size(request)
