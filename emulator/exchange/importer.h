#pragma once

#include "model/topologydata.h"

#include <QByteArray>
#include <QList>
#include <QStringList>

namespace infrastage {

// What an import gives back: a topology (possibly partial) and what could not be understood.
struct ImportResult {
    TopologyData topology;
    QStringList warnings; // each names the line it is about: "line 12: ..."
    // What the drawing left out and the import filled in with the defaults a node dropped on
    // the canvas gets (an address, a moved port), one line each.
    QStringList filled;
    // Why each node got its kind ("lb: a load balancer ('haproxy' in the first line +4.0)").
    QStringList explanations;
};

// One import format (Mermaid, ...). Each lives in its own file and registers itself with a
// static ImporterRegistration, so adding a format means adding a file.
class Importer {
public:
    virtual ~Importer() = default;
    virtual QString format() const = 0;
    // Whether this importer reads a file named `path` with these first bytes.
    virtual bool accepts(const QString &path, const QByteArray &head) const = 0;
    // Never fails outright: what it cannot read becomes warnings. `sourceName` names the input
    // in the imported topology's description.
    virtual ImportResult import(const QByteArray &bytes, const QString &sourceName) const = 0;
};

struct ImporterRegistration {
    explicit ImporterRegistration(const Importer *importer);
};

namespace Importers {
QList<const Importer *> all();
const Importer *find(const QString &format);
const Importer *forFile(const QString &path, const QByteArray &head);
// Reads a file to import, refusing one larger than any diagram a person drew (64 MB); false
// with `error` saying what and where.
bool readFile(const QString &path, QByteArray *bytes, QString *error);
} // namespace Importers

} // namespace infrastage
