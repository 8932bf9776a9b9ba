#include "metricspanel.h"

#include <QChart>
#include <QChartView>
#include <QCoreApplication>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineSeries>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>
#include <QValueAxis>

namespace infrastage::gui {

namespace {
constexpr double kWindowSeconds = 300; // the charts show the last five minutes

QChart *makeChart(const QString &title, const QString &unit) {
    auto *chart = new QChart;
    chart->setTitle(title);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(2, 2, 2, 2));
    auto *x = new QValueAxis;
    x->setTitleText(QCoreApplication::translate("MetricsPanel", "s"));
    x->setLabelFormat(QStringLiteral("%.0f"));
    x->setRange(0, 60);
    auto *y = new QValueAxis;
    y->setTitleText(unit);
    y->setLabelFormat(QStringLiteral("%.3g"));
    y->setRange(0, 1);
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    return chart;
}
} // namespace

MetricsPanel::MetricsPanel(QWidget *parent)
    : QWidget(parent)
    , m_rates(makeChart(tr("Requests/s per backend"), tr("req/s")))
    , m_latency(makeChart(tr("Latency"), tr("ms")))
    , m_errors(makeChart(tr("Errors/s"), tr("errors/s")))
    , m_lag(makeChart(tr("Replication lag"), tr("ms")))
    , m_rate(new QSpinBox(this))
    , m_connections(new QSpinBox(this))
    , m_start(new QPushButton(tr("Start Load"), this))
    , m_stop(new QPushButton(tr("Stop Load"), this))
    , m_summary(new QLabel(this)) {
    m_rate->setRange(0, 100000);
    m_rate->setValue(200);
    m_rate->setSuffix(tr(" req/s"));
    m_rate->setSpecialValueText(tr("as fast as answered"));
    m_rate->setToolTip(tr("Requests per second in all (0: as fast as the design answers)"));
    m_connections->setRange(1, 256);
    m_connections->setValue(8);
    m_connections->setSuffix(tr(" connections"));
    m_start->setObjectName(QStringLiteral("startLoad"));
    m_stop->setObjectName(QStringLiteral("stopLoad"));
    m_summary->setObjectName(QStringLiteral("metricsSummary"));
    auto *controls = new QHBoxLayout;
    controls->addWidget(m_rate);
    controls->addWidget(m_connections);
    controls->addWidget(m_start);
    controls->addWidget(m_stop);
    controls->addWidget(m_summary, 1);
    auto *charts = new QGridLayout;
    int i = 0;
    for (QChart *c : {m_rates, m_latency, m_errors, m_lag}) {
        auto *view = new QChartView(c, this);
        view->setRenderHint(QPainter::Antialiasing);
        view->setMinimumSize(200, 120);
        charts->addWidget(view, 0, i); // one row: the dock shares its height with the findings
        ++i;
    }
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(controls);
    layout->addLayout(charts, 1);
    connect(m_start, &QPushButton::clicked, this,
            [this] { emit startLoadRequested(m_rate->value(), m_connections->value()); });
    connect(m_stop, &QPushButton::clicked, this, &MetricsPanel::stopLoadRequested);
    setLoadRunning(false);
    setCanStart(false);
}

void MetricsPanel::clear() {
    for (QChart *c : {m_rates, m_latency, m_errors, m_lag})
        c->removeAllSeries();
    m_rateSeries.clear();
    m_latencySeries.clear();
    m_errorSeries.clear();
    m_lagSeries.clear();
    m_points = 0;
    m_summary->clear();
}

void MetricsPanel::setLoadRunning(bool running) {
    m_stop->setEnabled(running);
    m_start->setEnabled(!running && m_start->property("can").toBool());
}

void MetricsPanel::setCanStart(bool can) {
    m_start->setProperty("can", can);
    m_start->setEnabled(can && !m_stop->isEnabled());
}

QLineSeries *MetricsPanel::series(QChart *chart, QHash<QString, QLineSeries *> *map,
                                  const QString &name) {
    QLineSeries *s = map->value(name);
    if (!s) {
        s = new QLineSeries;
        s->setName(name);
        chart->addSeries(s);
        for (QAbstractAxis *axis : chart->axes())
            s->attachAxis(axis);
        map->insert(name, s);
    }
    return s;
}

void MetricsPanel::append(QChart *chart, QHash<QString, QLineSeries *> *map, const QString &name,
                          double x, double y) {
    QLineSeries *s = series(chart, map, name);
    s->append(x, y);
    while (s->count() > 0 && s->at(0).x() < x - kWindowSeconds)
        s->remove(0);
    auto *xAxis = static_cast<QValueAxis *>(chart->axes(Qt::Horizontal).constFirst());
    auto *yAxis = static_cast<QValueAxis *>(chart->axes(Qt::Vertical).constFirst());
    xAxis->setRange(qMax(0.0, x - kWindowSeconds), qMax(60.0, x));
    if (y * 1.15 > yAxis->max())
        yAxis->setMax(y * 1.25);
}

void MetricsPanel::addSnapshot(const runtime::MetricSnapshot &s) {
    ++m_points;
    for (auto it = s.backendRate.cbegin(); it != s.backendRate.cend(); ++it)
        append(m_rates, &m_rateSeries, it.key(), s.at, it.value());
    append(m_latency, &m_latencySeries, QStringLiteral("p50"), s.at, s.p50Ms);
    append(m_latency, &m_latencySeries, QStringLiteral("p95"), s.at, s.p95Ms);
    append(m_latency, &m_latencySeries, QStringLiteral("p99"), s.at, s.p99Ms);
    int errors = 0;
    for (auto it = s.errors.cbegin(); it != s.errors.cend(); ++it) {
        errors += it.value();
        append(m_errors, &m_errorSeries, it.key(), s.at,
               s.seconds > 0 ? it.value() / s.seconds : 0);
    }
    if (s.errors.isEmpty())
        append(m_errors, &m_errorSeries, tr("all"), s.at, 0);
    for (auto it = s.replicationLagMs.cbegin(); it != s.replicationLagMs.cend(); ++it)
        append(m_lag, &m_lagSeries, it.key(), s.at, it.value());
    m_summary->setText(tr("%1 req/s · p95 %2 ms · %3 errors · %4 requests in all")
                           .arg(s.requestsPerSecond, 0, 'f', 0)
                           .arg(s.p95Ms, 0, 'f', 1)
                           .arg(errors)
                           .arg(s.totalRequests));
}

QString MetricsPanel::summary() const {
    return m_summary->text();
}

} // namespace infrastage::gui
