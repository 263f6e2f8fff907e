import XMLSupport
