// Typed wrappers for libcurl's variadic calls (Swift cannot call variadic C functions) and for
// macros Swift does not import.
#ifndef CURL_SHIM_H
#define CURL_SHIM_H
#include <curl/curl.h>

typedef size_t (*curlshim_data_cb)(char *data, size_t size, size_t count, void *context);
typedef curl_socket_t (*curlshim_opensocket_cb)(void *context, curlsocktype purpose, struct curl_sockaddr *address);

CURLcode curlshim_setopt_long(CURL *handle, CURLoption option, long value);
CURLcode curlshim_setopt_string(CURL *handle, CURLoption option, const char *value);
CURLcode curlshim_setopt_pointer(CURL *handle, CURLoption option, void *value);
CURLcode curlshim_setopt_write_callback(CURL *handle, curlshim_data_cb callback, void *context);
CURLcode curlshim_setopt_header_callback(CURL *handle, curlshim_data_cb callback, void *context);
CURLcode curlshim_setopt_read_callback(CURL *handle, curlshim_data_cb callback, void *context);
CURLcode curlshim_setopt_opensocket_callback(CURL *handle, curlshim_opensocket_cb callback, void *context);
CURLcode curlshim_getinfo_long(CURL *handle, CURLINFO info, long *value);
CURLcode curlshim_getinfo_double(CURL *handle, CURLINFO info, double *value);
CURLcode curlshim_getinfo_string(CURL *handle, CURLINFO info, const char **value);
CURLcode curlshim_getinfo_pointer(CURL *handle, CURLINFO info, void **value);
CURLMcode curlshim_multi_setopt_long(CURLM *multi, CURLMoption option, long value);
CURLcode curlshim_msg_result(CURLMsg *message);

long curlshim_auth_basic(void);
long curlshim_usessl_try(void);
long curlshim_usessl_all(void);
curl_socket_t curlshim_socket_bad(void);

#endif
