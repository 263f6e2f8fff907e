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

/// The multi handle's socket and timer callbacks (CURLMOPT_SOCKETFUNCTION/-DATA, CURLMOPT_TIMERFUNCTION/-DATA),
/// for driving transfers from an event loop with curl_multi_socket_action.
typedef int (*curlshim_socket_cb)(CURL *easy, curl_socket_t socket, int what, void *context, void *socketContext);
typedef int (*curlshim_timer_cb)(CURLM *multi, long timeoutMS, void *context);
CURLMcode curlshim_multi_setopt_socket_callback(CURLM *multi, curlshim_socket_cb callback, void *context);
CURLMcode curlshim_multi_setopt_timer_callback(CURLM *multi, curlshim_timer_cb callback, void *context);
curl_socket_t curlshim_socket_timeout(void);
CURLcode curlshim_msg_result(CURLMsg *message);

long curlshim_auth_basic(void);
long curlshim_usessl_try(void);
long curlshim_usessl_all(void);
curl_socket_t curlshim_socket_bad(void);

#endif
