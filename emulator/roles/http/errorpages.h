#pragma once

#include "httpmessage.h"

namespace infrastage::http {

// The error responses HAProxy 2.6 sends (status line, fields and HTML body as HAProxy writes
// them), so a client sees the same 502/503/504 from our load balancer as from the real one.
// Statuses HAProxy has no page for get the same layout with the standard phrase.
HttpResponse errorPage(int status);

} // namespace infrastage::http
