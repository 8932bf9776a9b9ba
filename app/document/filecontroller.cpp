#include "filecontroller.h"

#include "autosaver.h"
#include "document.h"
#include "importer.h"
#include "io/topologyfile.h"
#include "templategallery.h"

#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>

namespace infrastage::gui {

namespace {
constexpr int kMaxRecent = 8;
const char *kRecentKey = "files/recent";
bool isDesignFile(const QString &path) {
    return path.endsWith(QLatin1String(".infrastage"), Qt::CaseInsensitive) ||
           path.endsWith(QLatin1String(".json"), Qt::CaseInsensitive);
}

QString diagramFilter() {
    return FileController::tr("Mermaid diagrams (*.mmd *.mermaid *.md *.markdown)");
}
} // namespace

FileController::FileController(Document *document, QWidget *window)
    : QObject(window)
    , m_document(document)
    , m_window(window)
    , m_autosaver(new Autosaver(document, this)) {}

QString FileController::fileFilter() {
    return tr("Designs and diagrams (*.infra.json *.infrastage *.mmd *.mermaid *.md "
              "*.markdown);;Interchange format (*.infra.json);;Project files (*.infrastage);;") +
           diagramFilter() + tr(";;All files (*)");
}

void FileController::report(const QString &title, const QString &message) {
    m_lastError = message;
    if (m_interactive)
        QMessageBox::warning(m_window, title, message);
}

bool FileController::openPath(const QString &path) {
    m_lastWarnings.clear();
    if (!isDesignFile(path) && importPath(path))
        return true;
    if (!isDesignFile(path) && !m_lastError.isEmpty())
        return false;
    QString error;
    // Document::load reads into a fresh topology first: a failure leaves the open one intact.
    if (!m_document->load(path, &error)) {
        report(tr("Cannot open %1").arg(QFileInfo(path).fileName()), error);
        return false;
    }
    m_lastError.clear();
    addRecent(m_document->path());
    Q_EMIT opened();
    return true;
}

// Returns false with m_lastError empty when no importer reads the file: it is then opened as
// a design, whose reader says what is wrong with it.
bool FileController::importPath(const QString &path) {
    m_lastError.clear();
    QByteArray bytes;
    QString error;
    if (!Importers::readFile(path, &bytes, &error)) {
        report(tr("Cannot open %1").arg(QFileInfo(path).fileName()), error);
        return false;
    }
    const Importer *importer = Importers::forFile(path, bytes.left(512));
    if (!importer)
        return false;
    ImportResult result = importer->import(bytes, QFileInfo(path).fileName());
    m_lastWarnings = result.warnings;
    for (const QString &f : std::as_const(result.filled))
        m_lastWarnings.append(tr("filled in: %1").arg(f));
    if (result.topology.nodes().isEmpty()) {
        QString why = tr("%1: no node of a design could be read from it.").arg(path);
        if (!result.warnings.isEmpty())
            why += QLatin1Char('\n') + result.warnings.mid(0, 10).join(QLatin1Char('\n'));
        report(tr("Cannot import %1").arg(QFileInfo(path).fileName()), why);
        return false;
    }
    // The importer has laid the design out already (TidyLayout).
    m_document->resetImported(result.topology, path);
    addRecent(QFileInfo(path).absoluteFilePath());
    Q_EMIT opened();
    if (m_interactive && !m_lastWarnings.isEmpty()) {
        const QString text =
            result.warnings.isEmpty()
                ? tr("%1 was imported; %n thing(s) the drawing left out were filled in with "
                     "defaults.",
                     nullptr, int(result.filled.size()))
                      .arg(QFileInfo(path).fileName())
                : tr("%1 was imported, but %n line(s) could not be understood; see the "
                     "details.",
                     nullptr, int(result.warnings.size()))
                      .arg(QFileInfo(path).fileName());
        QMessageBox box(QMessageBox::Information, tr("Imported with notes"), text, QMessageBox::Ok,
                        m_window);
        box.setDetailedText(m_lastWarnings.join(QLatin1Char('\n')));
        box.exec();
    }
    return true;
}

bool FileController::importDiagram() {
    if (!maybeSave())
        return false;
    const QString start =
        m_document->path().isEmpty() ? QString() : QFileInfo(m_document->path()).path();
    const QString path = QFileDialog::getOpenFileName(m_window, tr("Import diagram"), start,
                                                      diagramFilter() + tr(";;All files (*)"));
    return !path.isEmpty() && openPath(path);
}

bool FileController::newFromTemplateGallery() {
    if (!maybeSave())
        return false;
    TemplateGallery gallery(m_window);
    if (gallery.exec() != QDialog::Accepted)
        return false;
    m_document->reset(gallery.selectedTopology());
    Q_EMIT opened();
    return true;
}

bool FileController::open() {
    if (!maybeSave())
        return false;
    const QString start =
        m_document->path().isEmpty() ? QString() : QFileInfo(m_document->path()).path();
    const QString path =
        QFileDialog::getOpenFileName(m_window, tr("Open design"), start, fileFilter());
    return !path.isEmpty() && openPath(path);
}

bool FileController::save() {
    if (m_document->path().isEmpty())
        return saveAs();
    QString error;
    if (!m_document->save(&error)) {
        report(tr("Cannot save"), error);
        return false;
    }
    addRecent(m_document->path());
    return true;
}

bool FileController::saveAs() {
    QString start = m_document->path();
    if (start.isEmpty())
        start = m_document->suggestedPath();
    if (start.isEmpty())
        start = tr("design.infra.json");
    QString path =
        QFileDialog::getSaveFileName(m_window, tr("Save design as"), start, fileFilter());
    if (path.isEmpty())
        return false;
    if (!path.endsWith(QLatin1String(".infrastage")) && !path.endsWith(QLatin1String(".json")))
        path += QStringLiteral(".infra.json");
    QString error;
    if (!m_document->saveAs(path, &error)) {
        report(tr("Cannot save"), error);
        return false;
    }
    addRecent(m_document->path());
    return true;
}

bool FileController::maybeSave() {
    if (!m_document->isModified() || !m_interactive)
        return true;
    const auto answer = QMessageBox::warning(
        m_window, tr("Unsaved changes"),
        tr("%1 has changes that are not saved. Save them?").arg(m_document->displayName()),
        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Cancel)
        return false;
    if (answer == QMessageBox::Save)
        return save();
    return true;
}

void FileController::offerRecovery() {
    const QString leftover = Autosaver::leftoverRecoveryFile();
    if (leftover.isEmpty() || !m_interactive)
        return;
    const auto answer = QMessageBox::question(
        m_window, tr("Recover unsaved work?"),
        tr("Infrastage did not close properly last time. Restore the design it was editing?"),
        QMessageBox::Yes | QMessageBox::No, QMessageBox::Yes);
    if (answer == QMessageBox::Yes) {
        QString error;
        TopologyData data;
        if (TopologyFile::load(leftover, &data, &error)) {
            m_document->reset(data);
            // Recovered work is unsaved work: mark it so.
            m_document->undoStack()->resetClean();
            Q_EMIT opened();
        } else {
            report(tr("Cannot recover"), error);
        }
    }
    QFile::remove(leftover);
}

QStringList FileController::recentFiles() const {
    return QSettings().value(QLatin1String(kRecentKey)).toStringList();
}

void FileController::addRecent(const QString &path) {
    QStringList files = recentFiles();
    files.removeAll(path);
    files.prepend(path);
    while (files.size() > kMaxRecent)
        files.removeLast();
    QSettings().setValue(QLatin1String(kRecentKey), files);
    Q_EMIT recentFilesChanged();
}

void FileController::fillRecentMenu(QMenu *menu) {
    menu->clear();
    const QStringList files = recentFiles();
    for (int i = 0; i < files.size(); ++i) {
        const QString path = files.at(i);
        QAction *a =
            menu->addAction(QStringLiteral("&%1 %2").arg(i + 1).arg(QFileInfo(path).fileName()));
        a->setToolTip(path);
        connect(a, &QAction::triggered, this, [this, path] {
            if (maybeSave())
                openPath(path);
        });
    }
    if (files.isEmpty())
        menu->addAction(tr("No recent files"))->setEnabled(false);
    menu->addSeparator();
    connect(menu->addAction(tr("&Clear list")), &QAction::triggered, this, [this] {
        QSettings().remove(QLatin1String(kRecentKey));
        Q_EMIT recentFilesChanged();
    });
}

} // namespace infrastage::gui
