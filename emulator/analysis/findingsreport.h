#pragma once

#include "finding.h"

#include <QByteArray>

namespace infrastage {

// Renders findings for people (text), programs (JSON) and code scanning (SARIF 2.1.0).
namespace FindingsReport {

QByteArray text(const Findings &findings, const QString &fileName);
QByteArray json(const Findings &findings);
QByteArray sarif(const Findings &findings, const QString &fileName);

} // namespace FindingsReport

} // namespace infrastage
