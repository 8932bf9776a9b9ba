#include "exportcontroller.h"

#include "document/document.h"
#include "exporter.h"

#include <QAction>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>

namespace infrastage::gui {

namespace {

const char *kLastFolderKey = "export/folder";

struct FormatLabel {
    const char *format;
    const char *text;
};

// Menu order and wording; a format registered later without an entry here still gets an
// action, named after itself.
const FormatLabel kLabels[] = {
    {"png", QT_TRANSLATE_NOOP("ExportController", "&PNG Image…")},
    {"svg", QT_TRANSLATE_NOOP("ExportController", "&SVG Drawing…")},
    {"pdf", QT_TRANSLATE_NOOP("ExportController", "P&DF Document…")},
    {"mermaid", QT_TRANSLATE_NOOP("ExportController", "&Mermaid Flowchart…")},
    {"dot", QT_TRANSLATE_NOOP("ExportController", "&Graphviz DOT…")},
    {"drawio", QT_TRANSLATE_NOOP("ExportController", "d&raw.io Diagram…")},
    {"configs", QT_TRANSLATE_NOOP("ExportController", "Engine &Configurations…")},
};

int rank(const QString &format) {
    for (int i = 0; i < int(std::size(kLabels)); ++i)
        if (format == QLatin1String(kLabels[i].format))
            return i;
    return int(std::size(kLabels));
}

QString label(const Exporter *e) {
    const int i = rank(e->format());
    if (i < int(std::size(kLabels)))
        return ExportController::tr(kLabels[i].text);
    return ExportController::tr("%1…").arg(e->format());
}

QString plainLabel(const Exporter *e) {
    return label(e).remove(QLatin1Char('&')).remove(QStringLiteral("…"));
}

// "three-server" from "/x/three-server.infra.json" or "/x/three-server.infrastage".
QString baseName(const Document *document) {
    QString name = QFileInfo(document->path()).fileName();
    for (const char *suffix : {".infra.json", ".infrastage", ".json"}) {
        if (name.endsWith(QLatin1String(suffix))) {
            name.chop(int(qstrlen(suffix)));
            break;
        }
    }
    return name.isEmpty() ? ExportController::tr("design") : name;
}

} // namespace

ExportController::ExportController(Document *document, QWidget *window)
    : QObject(window)
    , m_document(document)
    , m_window(window) {}

void ExportController::fillMenu(QMenu *menu) {
    QList<const Exporter *> exporters = Exporters::all();
    std::stable_sort(exporters.begin(), exporters.end(), [](const Exporter *a, const Exporter *b) {
        return rank(a->format()) < rank(b->format());
    });
    for (const Exporter *e : std::as_const(exporters)) {
        // Diagrams are files; a format that writes a directory starts its own group.
        if (e->extension().isEmpty() && !menu->isEmpty())
            menu->addSeparator();
        QAction *a = menu->addAction(label(e));
        a->setObjectName(QStringLiteral("export-") + e->format());
        a->setToolTip(e->summary());
        a->setStatusTip(e->summary());
        const QString format = e->format();
        connect(a, &QAction::triggered, this, [this, format] { exportInteractively(format); });
    }
}

QString ExportController::suggestedPath(const QString &format) const {
    const Exporter *e = Exporters::find(format);
    QString folder = QSettings().value(QLatin1String(kLastFolderKey)).toString();
    if (folder.isEmpty() || !QFileInfo(folder).isDir())
        folder =
            m_document->path().isEmpty() ? QDir::homePath() : QFileInfo(m_document->path()).path();
    const QString name = baseName(m_document);
    if (!e || e->extension().isEmpty())
        return QDir(folder).filePath(name + QStringLiteral("-configs"));
    return QDir(folder).filePath(name + QLatin1Char('.') + e->extension());
}

bool ExportController::exportInteractively(const QString &format) {
    const Exporter *e = Exporters::find(format);
    if (!e) {
        m_lastError = tr("Unknown export format “%1”.").arg(format);
        if (m_interactive)
            QMessageBox::warning(m_window, tr("Cannot export"), m_lastError);
        return false;
    }
    ExportOptions options;
    if (format == QLatin1String("png")) {
        bool ok = false;
        options.scale = QInputDialog::getDouble(
            m_window, tr("Export PNG image"),
            tr("Scale (image pixels per canvas point; 2 suits slides and high-density screens):"),
            2.0, 0.25, 8.0, 2, &ok);
        if (!ok)
            return false;
    }
    QString path;
    if (e->extension().isEmpty()) {
        path = QFileDialog::getExistingDirectory(
            m_window, tr("Export %1 to folder").arg(plainLabel(e).toLower()),
            QFileInfo(suggestedPath(format)).path());
        if (path.isEmpty() || !confirmNonEmptyFolder(path))
            return false;
    } else {
        path = QFileDialog::getSaveFileName(
            m_window, tr("Export %1").arg(plainLabel(e)), suggestedPath(format),
            tr("%1 (*.%2);;All files (*)").arg(plainLabel(e), e->extension()));
        if (path.isEmpty())
            return false;
        if (QFileInfo(path).suffix().isEmpty())
            path += QLatin1Char('.') + e->extension();
    }
    if (!exportTo(format, path, options)) {
        if (m_interactive)
            QMessageBox::warning(m_window, tr("Cannot export"), m_lastError);
        return false;
    }
    return true;
}

bool ExportController::confirmNonEmptyFolder(const QString &dir) {
    if (!m_interactive || QDir(dir).isEmpty())
        return true;
    return QMessageBox::question(
               m_window, tr("Folder is not empty"),
               tr("%1 already holds files. Files of the same names will be replaced; others are "
                  "left alone. Export there anyway?")
                   .arg(QDir::toNativeSeparators(dir)),
               QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel) == QMessageBox::Yes;
}

bool ExportController::exportTo(const QString &format, const QString &path,
                                const ExportOptions &options) {
    const Exporter *e = Exporters::find(format);
    if (!e) {
        m_lastError = tr("Unknown export format “%1”.").arg(format);
        return false;
    }
    QString error;
    if (!e->write(m_document->data(), options, path, &error)) {
        m_lastError = error;
        return false;
    }
    m_lastError.clear();
    const QFileInfo info(path);
    QSettings().setValue(QLatin1String(kLastFolderKey), info.absolutePath());
    Q_EMIT exported(info.absoluteFilePath());
    return true;
}

} // namespace infrastage::gui
