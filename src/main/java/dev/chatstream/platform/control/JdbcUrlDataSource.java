package dev.chatstream.platform.control;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A plain data source that picks the JDBC driver in the WAR from the URL, so that H2 and PostgreSQL are chosen
 * by configuration alone, whatever drivers the application server has. {@link Database} pools its connections.
 */
final class JdbcUrlDataSource implements DataSource {

    private final String url;
    private final String user;
    private final String password;
    private int loginTimeout;

    JdbcUrlDataSource(String url, String user, String password) {
        this.url = url;
        this.user = user;
        this.password = password;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return getConnection(user, password);
    }

    @Override
    public Connection getConnection(String username, String pass) throws SQLException {
        Properties properties = new Properties();
        if (username != null && !username.isEmpty()) {
            properties.setProperty("user", username);
        }
        if (pass != null && !pass.isEmpty()) {
            properties.setProperty("password", pass);
        }
        Connection connection = driver().connect(url, properties);
        if (connection == null) {
            throw new SQLException("The JDBC driver refused the URL " + url);
        }
        return connection;
    }

    private Driver driver() throws SQLException {
        if (url == null || url.isBlank()) {
            throw new SQLException("No JDBC URL configured (chatstream.db.url)");
        }
        for (Driver driver : ServiceLoader.load(Driver.class, JdbcUrlDataSource.class.getClassLoader())) {
            if (driver.acceptsURL(url)) {
                return driver;
            }
        }
        throw new SQLException("No JDBC driver in the application accepts " + url);
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // driver logging is configured through java.util.logging
    }

    @Override
    public void setLoginTimeout(int seconds) {
        loginTimeout = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeout;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("Not a wrapper of " + type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }
}
