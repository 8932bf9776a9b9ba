#pragma once

#include <QString>

namespace infrastage {

// Where the files of a design's site (a Files node's `site`, "foobar" when empty) are on this
// machine: $INFRASTAGE_SITES_DIR/NAME, then the installed share/infrastage/sites/NAME, then the
// source tree's resources/sites/NAME, and the demo site (share/infrastage/site or
// resources/site), the one site there is today. The running web role serves this directory;
// the configuration export copies it beside nginx.conf.
class SiteDirectory {
public:
    static QString find(const QString &site);
};

} // namespace infrastage
