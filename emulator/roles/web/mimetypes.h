#pragma once

#include <QByteArray>

namespace infrastage::roles::web {

// The Content-Type for a file name, by extension, from the subset of Nginx's mime.types a web
// site uses; "application/octet-stream" otherwise (as Nginx's default_type).
QByteArray mimeTypeForFile(const QByteArray &fileName);

} // namespace infrastage::roles::web
