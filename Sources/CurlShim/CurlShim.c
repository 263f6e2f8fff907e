// One-line bodies: each forwards to the variadic libcurl call with one typed argument.
#include "CurlShim.h"

CURLcode curlshim_setopt_long(CURL *handle, CURLoption option, long value) { return curl_easy_setopt(handle, option, value); }
CURLcode curlshim_setopt_string(CURL *handle, CURLoption option, const char *value) { return curl_easy_setopt(handle, option, value); }
CURLcode curlshim_setopt_pointer(CURL *handle, CURLoption option, void *value) { return curl_easy_setopt(handle, option, value); }

CURLcode curlshim_setopt_write_callback(CURL *handle, curlshim_data_cb callback, void *context) {
    CURLcode code = curl_easy_setopt(handle, CURLOPT_WRITEFUNCTION, callback);
    return code != CURLE_OK ? code : curl_easy_setopt(handle, CURLOPT_WRITEDATA, context);
}

CURLcode curlshim_setopt_header_callback(CURL *handle, curlshim_data_cb callback, void *context) {
    CURLcode code = curl_easy_setopt(handle, CURLOPT_HEADERFUNCTION, callback);
    return code != CURLE_OK ? code : curl_easy_setopt(handle, CURLOPT_HEADERDATA, context);
}

CURLcode curlshim_setopt_read_callback(CURL *handle, curlshim_data_cb callback, void *context) {
    CURLcode code = curl_easy_setopt(handle, CURLOPT_READFUNCTION, callback);
    return code != CURLE_OK ? code : curl_easy_setopt(handle, CURLOPT_READDATA, context);
}

CURLcode curlshim_setopt_opensocket_callback(CURL *handle, curlshim_opensocket_cb callback, void *context) {
    CURLcode code = curl_easy_setopt(handle, CURLOPT_OPENSOCKETFUNCTION, callback);
    return code != CURLE_OK ? code : curl_easy_setopt(handle, CURLOPT_OPENSOCKETDATA, context);
}

CURLcode curlshim_getinfo_long(CURL *handle, CURLINFO info, long *value) { return curl_easy_getinfo(handle, info, value); }
CURLcode curlshim_getinfo_double(CURL *handle, CURLINFO info, double *value) { return curl_easy_getinfo(handle, info, value); }
CURLcode curlshim_getinfo_string(CURL *handle, CURLINFO info, const char **value) { return curl_easy_getinfo(handle, info, value); }
CURLcode curlshim_getinfo_pointer(CURL *handle, CURLINFO info, void **value) { return curl_easy_getinfo(handle, info, value); }
CURLMcode curlshim_multi_setopt_long(CURLM *multi, CURLMoption option, long value) { return curl_multi_setopt(multi, option, value); }
CURLcode curlshim_msg_result(CURLMsg *message) { return message->data.result; }

long curlshim_auth_basic(void) { return (long)CURLAUTH_BASIC; }
long curlshim_usessl_try(void) { return (long)CURLUSESSL_TRY; }
long curlshim_usessl_all(void) { return (long)CURLUSESSL_ALL; }
curl_socket_t curlshim_socket_bad(void) { return CURL_SOCKET_BAD; }

CURLMcode curlshim_multi_setopt_socket_callback(CURLM *multi, curlshim_socket_cb callback, void *context) {
    CURLMcode code = curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, callback);
    return code != CURLM_OK ? code : curl_multi_setopt(multi, CURLMOPT_SOCKETDATA, context);
}

CURLMcode curlshim_multi_setopt_timer_callback(CURLM *multi, curlshim_timer_cb callback, void *context) {
    CURLMcode code = curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, callback);
    return code != CURLM_OK ? code : curl_multi_setopt(multi, CURLMOPT_TIMERDATA, context);
}

curl_socket_t curlshim_socket_timeout(void) { return CURL_SOCKET_TIMEOUT; }
