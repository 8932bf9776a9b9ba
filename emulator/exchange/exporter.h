#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

namespace infrastage {

class TopologyData;

// What the user asked for beyond the format: one struct so a new option does not change
// every exporter's signature.
struct ExportOptions {
    double scale = 1.0; // image formats: device pixels per canvas unit (PNG)
};

// One export format (Mermaid, DOT, configs, ...). Each lives in its own file and registers
// itself with a static ExporterRegistration, so adding a format means adding a file.
class Exporter {
public:
    virtual ~Exporter() = default;

    virtual QString format() const = 0;    // the name given to --format, e.g. "mermaid"
    virtual QString summary() const = 0;   // one line for the help text
    virtual QString extension() const = 0; // file suffix without dot; empty: writes a directory
    // Whether the format paints with Qt Gui (fonts, QPainter): needs a QGuiApplication.
    virtual bool needsGui() const { return false; }

    // Writes `topology` to `path` (a file, or a directory when extension() is empty).
    // On failure returns false and sets `error` to what went wrong and where.
    virtual bool write(const TopologyData &topology, const ExportOptions &options,
                       const QString &path, QString *error) const = 0;
};

// An exporter whose result is one text file: subclasses only render the bytes.
class TextExporter : public Exporter {
public:
    virtual QByteArray render(const TopologyData &topology, const ExportOptions &options) const = 0;
    bool write(const TopologyData &topology, const ExportOptions &options, const QString &path,
               QString *error) const override;
};

struct ExporterRegistration {
    explicit ExporterRegistration(const Exporter *exporter);
};

namespace Exporters {
QList<const Exporter *> all(); // sorted by format name
const Exporter *find(const QString &format);
// The exporter whose extension matches `path`'s suffix, or null.
const Exporter *forPath(const QString &path);
// Writes `bytes` to `path` atomically, creating missing parent directories.
bool writeFile(const QString &path, const QByteArray &bytes, QString *error);
} // namespace Exporters

} // namespace infrastage
