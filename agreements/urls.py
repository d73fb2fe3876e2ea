from django.urls import path

from agreements import views

urlpatterns = [
    path("agreements/", views.overview, name="agreements_overview"),
    path(
        "agreements/instalments.<str:format>", views.instalments_export, name="agreements_instalments_export"
    ),
    path(
        "agreements/challenges/<slug:slug>/finance/",
        views.finance_contacts,
        name="agreements_finance_contacts",
    ),
    path("pilots/<int:pk>/agreement/", views.agreement_detail, name="agreement_detail"),
    path("pilots/<int:pk>/agreement/edit/", views.agreement_form, name="agreement_form"),
    path("pilots/<int:pk>/agreement/accept/", views.agreement_accept, name="agreement_accept"),
    path(
        "pilots/<int:pk>/agreement/milestones/<int:milestone_pk>/report/",
        views.report_form,
        name="agreement_report",
    ),
    path(
        "pilots/<int:pk>/agreement/reports/<int:report_pk>/review/",
        views.report_review,
        name="agreement_report_review",
    ),
    path(
        "pilots/<int:pk>/agreement/reports/<int:report_pk>/files/<int:file_pk>/",
        views.report_file,
        name="agreement_report_file",
    ),
    path(
        "pilots/<int:pk>/agreement/instalments/<int:instalment_pk>/paid/",
        views.instalment_paid,
        name="agreement_instalment_paid",
    ),
    path("pilots/<int:pk>/agreement/changes/new/", views.change_request, name="agreement_change_request"),
    path(
        "pilots/<int:pk>/agreement/changes/<int:change_pk>/decide/",
        views.change_decide,
        name="agreement_change_decide",
    ),
    path("pilots/<int:pk>/agreement/final-report/", views.final_report, name="agreement_final_report"),
    path("pilots/<int:pk>/agreement/decision/", views.city_decision, name="agreement_city_decision"),
    path("pilots/<int:pk>/reserve/offer/", views.reserve_offer, name="agreement_reserve_offer"),
    path(
        "pilots/<int:pk>/reserve/<int:offer_pk>/answer/",
        views.reserve_answer,
        name="agreement_reserve_answer",
    ),
]
