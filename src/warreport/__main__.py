from warreport.cli import main

main()
