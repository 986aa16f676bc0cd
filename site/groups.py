"""The names of the user groups the migrations create, shared by every app that grants or checks them."""

SECRETARIAT_GROUP = "事務局(審査)"
EDITOR_GROUP = "編集者"
PARTNER_GROUP = "講座提供事業者"
OPERATOR_GROUP = "プログラム運営者"
