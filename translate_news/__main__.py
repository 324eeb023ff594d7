from translate_news.cli import main

main()
