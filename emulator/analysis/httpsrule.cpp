#include "httpsrule.h"

#include "analysiscontext.h"

namespace infrastage {

void HttpsRule::check(const AnalysisContext &c, Findings *findings) const {
    QStringList plain;
    QStringList notRedirected;
    for (const Node *e : c.entryPoints()) {
        if (e->kind != NodeKind::LoadBalancer) {
            plain.append(e->id); // a server reached directly: its web server speaks plain HTTP
            continue;
        }
        if (!e->flag(QStringLiteral("tls")))
            plain.append(e->id);
        else if (!e->flag(QStringLiteral("redirect_http")))
            notRedirected.append(e->id);
    }
    if (!plain.isEmpty())
        findings->append(
            {QStringLiteral("security.no-https"), FindingCategory::Security, Severity::Warning,
             plain, QStringLiteral("No HTTPS: traffic travels in plain text"),
             QStringLiteral("Users reach the site over plain HTTP. Anyone on the path (public "
                            "Wi-Fi, an ISP) can read and change what is sent: passwords, "
                            "cookies, pages (a man-in-the-middle attack)."),
             QStringLiteral("Terminate HTTPS (TLS) at the load balancer with a certificate and "
                            "redirect HTTP to HTTPS."),
             QStringLiteral("enable-https")});
    if (!notRedirected.isEmpty())
        findings->append(
            {QStringLiteral("security.http-not-redirected"), FindingCategory::Security,
             Severity::Warning, notRedirected, QStringLiteral("HTTP is not redirected to HTTPS"),
             QStringLiteral("HTTPS is available, but users who type the address without https:// "
                            "still get plain HTTP."),
             QStringLiteral("Redirect every HTTP request to HTTPS (301)."),
             QStringLiteral("enable-https")});
}

} // namespace infrastage
